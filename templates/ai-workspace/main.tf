# A fuller task template: an agent with scripts, environment and metadata,
# two AI agents to choose from (only one runs a task per build), a preset
# with prebuilds, and a GitHub token from external auth. It uses the coder
# provider alone; a real template adds the compute that runs
# coder_agent.main.init_script with coder_agent.main.token.

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

data "coder_external_auth" "github" {
  id       = "github"
  optional = true
}

data "coder_parameter" "ai_prompt" {
  name         = "AI Prompt"
  display_name = "AI Prompt"
  description  = "What the AI agent should do. Leave empty for a plain workspace."
  type         = "string"
  default      = ""
  mutable      = true
}

data "coder_parameter" "agent" {
  name         = "agent"
  display_name = "AI agent"
  description  = "Which agent runs the task."
  default      = "claude"
  mutable      = true
  option {
    name  = "Claude Code"
    value = "claude"
    icon  = "/icon/claude.svg"
  }
  option {
    name  = "Codex"
    value = "codex"
    icon  = "/icon/openai.svg"
  }
}

data "coder_parameter" "cpu" {
  name         = "cpu"
  display_name = "CPU cores"
  type         = "number"
  default      = "2"
  mutable      = true
  validation {
    min   = 1
    max   = 8
    error = "Pick between {min} and {max} cores."
  }
}

data "coder_workspace_preset" "default" {
  name        = "Claude, 4 cores"
  description = "Claude Code on four cores, prebuilt during office hours."
  default     = true
  parameters = {
    (data.coder_parameter.agent.name) = "claude"
    (data.coder_parameter.cpu.name)   = "4"
  }

  prebuilds {
    instances = 1

    expiration_policy {
      ttl = 86400
    }

    scheduling {
      timezone = "UTC"
      schedule {
        cron      = "* 8-18 * * 1-5"
        instances = 3
      }
    }
  }
}

locals {
  has_prompt = data.coder_parameter.ai_prompt.value != ""
  runs_task  = local.has_prompt || data.coder_task.me.enabled
  agent      = data.coder_parameter.agent.value
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"

  display_apps {
    vscode          = true
    web_terminal    = true
    ssh_helper      = false
    vscode_insiders = false
  }

  metadata {
    key          = "cpu"
    display_name = "CPU usage"
    script       = "top -bn1 | awk '/Cpu/ { print $2 \"%\" }'"
    interval     = 10
    timeout      = 2
  }

  metadata {
    key          = "disk"
    display_name = "Home disk"
    script       = "df -h ~ | awk 'NR==2 { print $5 }'"
    interval     = 60
  }
}

resource "coder_env" "git_author" {
  agent_id = coder_agent.main.id
  name     = "GIT_AUTHOR_NAME"
  value    = coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)
}

resource "coder_env" "github_token" {
  agent_id = coder_agent.main.id
  name     = "GITHUB_TOKEN"
  value    = data.coder_external_auth.github.access_token
}

resource "coder_env" "mcp_app" {
  agent_id = coder_agent.main.id
  name     = "CODER_MCP_APP_STATUS_SLUG"
  value    = local.agent
}

resource "coder_script" "install_agent" {
  agent_id           = coder_agent.main.id
  display_name       = "Install ${local.agent}"
  run_on_start       = true
  start_blocks_login = true
  timeout            = 600
  script             = <<-EOT
    #!/bin/sh
    set -e
    echo "installing ${local.agent} for ${data.coder_workspace_owner.me.name}"
  EOT
}

resource "coder_script" "cleanup" {
  agent_id     = coder_agent.main.id
  display_name = "Clean caches"
  cron         = "0 0 3 * * *"
  script       = "rm -rf ~/.cache/tmp"
}

resource "coder_app" "claude" {
  agent_id     = coder_agent.main.id
  slug         = "claude"
  display_name = "Claude Code"
  icon         = "/icon/claude.svg"
  command      = "claude"
}

resource "coder_app" "codex" {
  agent_id     = coder_agent.main.id
  slug         = "codex"
  display_name = "Codex"
  icon         = "/icon/openai.svg"
  command      = "codex"
}

resource "coder_app" "preview" {
  agent_id     = coder_agent.main.id
  slug         = "preview"
  display_name = "Preview"
  url          = "http://localhost:3000"
  share        = "authenticated"
  open_in      = "tab"

  healthcheck {
    url       = "http://localhost:3000/healthz"
    interval  = 5
    threshold = 6
  }
}

resource "coder_metadata" "agent" {
  resource_id = coder_agent.main.id
  daily_cost  = tonumber(data.coder_parameter.cpu.value)

  item {
    key   = "agent"
    value = local.agent
  }
  item {
    key   = "cores"
    value = data.coder_parameter.cpu.value
  }
}

# The agents exclude each other: at most one task per build.
resource "coder_ai_task" "claude" {
  count  = local.runs_task && local.agent == "claude" ? 1 : 0
  app_id = coder_app.claude.id
}

resource "coder_ai_task" "codex" {
  count  = local.runs_task && local.agent == "codex" ? 1 : 0
  app_id = coder_app.codex.id
}
