terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

variable "region" {
  type        = string
  description = "Cloud region of the workspaces."
  default     = "eu-west-1"
}

variable "api_key" {
  type      = string
  sensitive = true
}

data "coder_workspace" "me" {}

data "coder_parameter" "ai_prompt" {
  name    = "AI Prompt"
  type    = "string"
  default = ""
  mutable = true
  order   = 1
}

data "coder_parameter" "notes" {
  name      = "notes"
  type      = "string"
  form_type = "textarea"
  default   = ""
  order     = 2
}

data "coder_parameter" "cores" {
  name    = "cores"
  type    = "number"
  default = "2"
  validation {
    min       = 1
    max       = 16
    monotonic = "increasing"
  }
}

data "coder_parameter" "gpu" {
  name      = "gpu"
  type      = "bool"
  form_type = "switch"
  default   = "false"
}

data "coder_parameter" "tools" {
  name      = "tools"
  type      = "list(string)"
  form_type = "multi-select"
  default   = jsonencode(["git"])
  option {
    name  = "Git"
    value = "git"
  }
  option {
    name        = "Docker"
    value       = "docker"
    description = "Docker in Docker"
  }
}

locals {
  regions = {
    "eu-west-1" = "Ireland"
    "us-east-1" = "Virginia"
  }
}

# Options from a dynamic block: the manifest lists the blocks it makes.
data "coder_parameter" "region" {
  name    = "region"
  default = var.region
  dynamic "option" {
    for_each = local.regions
    iterator = region
    content {
      name  = region.value
      value = region.key
    }
  }
}

data "coder_parameter" "branch" {
  name      = "branch"
  default   = "main"
  ephemeral = true
  mutable   = true
  validation {
    regex = "^[a-z0-9/-]+$"
    error = "Branch names are lower case."
  }
}

data "coder_workspace_preset" "big" {
  name = "Big"
  parameters = {
    (data.coder_parameter.cores.name) = "8"
    (data.coder_parameter.gpu.name)   = "true"
  }
  prebuilds {
    instances = 2
  }
}

data "coder_workspace_tags" "routing" {
  tags = {
    region = var.region
    gpu    = data.coder_parameter.gpu.value
  }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_script" "setup" {
  agent_id     = coder_agent.main.id
  display_name = "Setup"
  run_on_start = true
  script       = "echo setup"
}

module "agent" {
  source   = "./modules/agent"
  agent_id = coder_agent.main.id
  enabled  = data.coder_parameter.ai_prompt.value != ""
}

resource "coder_ai_task" "task" {
  count  = data.coder_workspace.me.start_count * (data.coder_parameter.ai_prompt.value != "" ? 1 : 0)
  app_id = module.agent.app_id
}
