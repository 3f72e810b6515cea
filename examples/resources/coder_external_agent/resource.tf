# An agent started by hand or by other tooling on an existing machine.
resource "coder_agent" "laptop" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_external_agent" "laptop" {
  agent_id = coder_agent.laptop.id
}

output "agent_token" {
  value     = coder_agent.laptop.token
  sensitive = true
}
