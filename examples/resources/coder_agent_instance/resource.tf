# With instance identity auth, Coder matches the agent to its machine by the
# cloud instance ID.
resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
  auth = "aws-instance-identity"
}

resource "coder_agent_instance" "dev" {
  agent_id    = coder_agent.dev.id
  instance_id = "i-0123456789abcdef0"
}
