resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
}

# A web app proxied through Coder, with a health check.
resource "coder_app" "code_server" {
  agent_id     = coder_agent.dev.id
  slug         = "code-server"
  display_name = "VS Code in the browser"
  icon         = "/icon/code.svg"
  url          = "http://localhost:13337/?folder=/home/coder"
  subdomain    = false
  share        = "owner"
  open_in      = "tab"
  order        = 1

  healthcheck {
    url       = "http://localhost:13337/healthz"
    interval  = 5
    threshold = 6
  }
}

# A command run in a terminal.
resource "coder_app" "htop" {
  agent_id     = coder_agent.dev.id
  slug         = "htop"
  display_name = "htop"
  command      = "htop"
  group        = "Tools"
}

# An external link that bypasses Coder's proxy.
resource "coder_app" "docs" {
  agent_id = coder_agent.dev.id
  slug     = "docs"
  url      = "https://coder.com/docs"
  external = true
}
