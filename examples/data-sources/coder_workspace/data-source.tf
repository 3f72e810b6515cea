data "coder_workspace" "me" {}

# Compute should exist only while the workspace runs: start_count is 0 on stop.
resource "coder_agent" "dev" {
  count = data.coder_workspace.me.start_count
  os    = "linux"
  arch  = "amd64"
}

output "workspace" {
  value = {
    name        = data.coder_workspace.me.name
    transition  = data.coder_workspace.me.transition
    start_count = data.coder_workspace.me.start_count
    access_url  = data.coder_workspace.me.access_url
  }
}
