# A minimal Coder task template: an agent, the app that shows the AI agent,
# and a coder_ai_task that exists only when a prompt was given. It uses the
# coder provider alone, so it plans and applies anywhere; a real template adds
# the compute (a container, a VM) that runs coder_agent.main.init_script.

terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.13"
    }
  }
}

provider "coder" {}

data "coder_workspace" "me" {}

data "coder_workspace_owner" "me" {}

data "coder_task" "me" {}

data "coder_parameter" "ai_prompt" {
  name         = "AI Prompt"
  display_name = "AI Prompt"
  description  = "What the AI agent should work on. Leave empty for a plain workspace."
  type         = "string"
  default      = ""
  mutable      = true
}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  startup_script = <<-EOT
    set -e
    echo "Starting the agent for ${data.coder_workspace_owner.me.name}"
  EOT

  env = {
    GIT_AUTHOR_NAME  = data.coder_workspace_owner.me.full_name
    GIT_AUTHOR_EMAIL = data.coder_workspace_owner.me.email
  }

  metadata {
    display_name = "Load"
    key          = "load"
    script       = "cat /proc/loadavg"
    interval     = 10
    timeout      = 1
  }
}

# The app the task page shows: a terminal running the AI agent.
resource "coder_app" "ai_agent" {
  agent_id     = coder_agent.main.id
  slug         = "ai-agent"
  display_name = "AI Agent"
  icon         = "/icon/terminal.svg"
  command      = "ai-agent --prompt \"$CODER_TASK_PROMPT\""
}

# At most one coder_ai_task may be instantiated per build: this one exists
# only when the owner gave a prompt.
resource "coder_ai_task" "task" {
  count  = data.coder_parameter.ai_prompt.value != "" ? 1 : 0
  app_id = coder_app.ai_agent.id
}

output "task_enabled" {
  value = data.coder_task.me.enabled
}
