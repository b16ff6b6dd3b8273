"""pdcontent_api: the GraphQL API over pdcontent (install ``pdcontent[api]``)."""

from .app import app_from_env, create_app
from .schema import build_schema, sdl
from .settings import Settings

__all__ = ["Settings", "app_from_env", "build_schema", "create_app", "sdl"]
