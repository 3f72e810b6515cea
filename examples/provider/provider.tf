# Inside Coder, the provisioner sets CODER_AGENT_URL; set `url` only to override it.
provider "coder" {
  url = "https://coder.example.com"
}

data "coder_workspace" "me" {}

output "access_port" {
  value = data.coder_workspace.me.access_port
}
