variable "agent_id" {
  type = string
}

variable "enabled" {
  type = bool
}

resource "coder_app" "agent" {
  agent_id     = var.agent_id
  slug         = "agent"
  display_name = "AI agent"
  command      = "agent --prompt \"$CODER_TASK_PROMPT\""
}

output "app_id" {
  value = coder_app.agent.id
}
