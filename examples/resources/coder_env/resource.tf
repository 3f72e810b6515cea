resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_env" "editor" {
  agent_id = coder_agent.dev.id
  name     = "EDITOR"
  value    = "vim"
}

# Several modules can add to PATH without overwriting each other.
resource "coder_env" "path" {
  agent_id       = coder_agent.dev.id
  name           = "PATH"
  value          = "/opt/tools/bin"
  merge_strategy = "prepend"
}
