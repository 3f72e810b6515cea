data "coder_parameter" "ai_prompt" {
  name    = "AI Prompt"
  type    = "string"
  default = ""
  mutable = true
}

resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_app" "claude" {
  agent_id     = coder_agent.dev.id
  slug         = "claude"
  display_name = "Claude Code"
  command      = "claude"
}

# At most one coder_ai_task may be instantiated in a build.
resource "coder_ai_task" "task" {
  count  = data.coder_parameter.ai_prompt.value != "" ? 1 : 0
  app_id = coder_app.claude.id
}
