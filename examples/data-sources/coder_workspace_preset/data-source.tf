data "coder_parameter" "region" {
  name    = "region"
  default = "eu"
  option {
    name  = "Europe"
    value = "eu"
  }
  option {
    name  = "United States"
    value = "us"
  }
}

data "coder_workspace_preset" "eu_team" {
  name        = "EU team"
  description = "The setup most of the team uses."
  icon        = "/emojis/1f1ea-1f1fa.png"
  default     = true
  parameters = {
    (data.coder_parameter.region.name) = "eu"
  }

  prebuilds {
    instances = 2

    expiration_policy {
      ttl = 86400
    }

    scheduling {
      timezone = "Europe/Berlin"
      schedule {
        cron      = "* 8-18 * * 1-5"
        instances = 5
      }
      schedule {
        cron      = "* 19-23 * * 1-5"
        instances = 1
      }
    }
  }
}
