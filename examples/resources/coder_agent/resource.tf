data "coder_workspace" "me" {}

resource "coder_agent" "dev" {
  os                      = "linux"
  arch                    = "amd64"
  startup_script_behavior = "blocking"
  connection_timeout      = 300
  startup_script          = <<-EOT
    #!/bin/sh
    git clone https://example.com/project.git ~/project || true
  EOT

  env = {
    EDITOR = "vim"
  }

  display_apps {
    vscode          = true
    vscode_insiders = false
    web_terminal    = true
    ssh_helper      = false
  }

  metadata {
    key          = "cpu"
    display_name = "CPU usage"
    script       = "top -bn1 | awk '/Cpu/ { print $2 \"%\" }'"
    interval     = 10
    timeout      = 2
  }

  resources_monitoring {
    memory {
      enabled   = true
      threshold = 90
    }
    volume {
      enabled   = true
      path      = "/home/coder"
      threshold = 80
    }
  }
}

# A real template passes these to the machine that runs the agent, for
# example as a container's entrypoint and environment.
locals {
  agent_bootstrap = {
    command = coder_agent.dev.init_script
    token   = coder_agent.dev.token
  }
}
