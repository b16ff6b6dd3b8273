"""The content validator behind ``pdcontent validate`` and :func:`pdcontent.load`."""

from .locale_tree import LocaleResult, check_locale

__all__ = ["LocaleResult", "check_locale"]
