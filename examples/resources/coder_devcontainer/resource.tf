resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_devcontainer" "project" {
  agent_id         = coder_agent.dev.id
  workspace_folder = "/home/coder/project"
  config_path      = ".devcontainer/devcontainer.json"
}
