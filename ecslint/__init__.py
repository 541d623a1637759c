"""ecslint: find the causes of ECS CannotPullContainerError before deployment."""

__version__ = "0.1.0"
