data "coder_parameter" "region" {
  name         = "region"
  display_name = "Region"
  description  = "Where the workspace runs."
  default      = "eu"
  icon         = "/emojis/1f30e.png"

  option {
    name  = "Europe"
    value = "eu"
  }
  option {
    name  = "United States"
    value = "us"
  }
}

data "coder_parameter" "cpu" {
  name    = "cpu"
  type    = "number"
  default = "2"
  mutable = true

  validation {
    min   = 1
    max   = 16
    error = "Between {min} and {max} cores, not {value}."
  }
}

data "coder_parameter" "features" {
  name      = "features"
  type      = "list(string)"
  form_type = "multi-select"
  default   = jsonencode(["docker"])

  option {
    name  = "Docker"
    value = "docker"
  }
  option {
    name  = "GPU"
    value = "gpu"
  }
}

output "choices" {
  value = {
    region   = data.coder_parameter.region.value
    cpu      = tonumber(data.coder_parameter.cpu.value)
    features = jsondecode(data.coder_parameter.features.value)
  }
}
