resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
}

resource "coder_script" "dotfiles" {
  agent_id           = coder_agent.dev.id
  display_name       = "Dotfiles"
  icon               = "/icon/dotfiles.svg"
  run_on_start       = true
  start_blocks_login = true
  timeout            = 300
  script             = <<-EOT
    #!/bin/sh
    coder dotfiles -y https://example.com/dotfiles.git || true
  EOT
}

resource "coder_script" "backup" {
  agent_id     = coder_agent.dev.id
  display_name = "Nightly backup"
  cron         = "0 0 22 * * *"
  log_path     = "/tmp/backup.log"
  script       = "tar czf /tmp/home.tgz \"$HOME\""
}

resource "coder_script" "goodbye" {
  agent_id     = coder_agent.dev.id
  display_name = "Save state"
  run_on_stop  = true
  script       = "echo stopping"
}
