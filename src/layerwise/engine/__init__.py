"""The Docker engine: connecting, building, running, pushing, and making base images."""
