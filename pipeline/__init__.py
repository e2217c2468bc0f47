"""German regional-economy news to structured records: organisations, places, persons, figures."""

__version__ = "0.2.0"

from .records import Article, ArticleResult, Entity, Figure  # noqa: E402
from .run import RunLockedError, RunSummary, run_batch  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = [
    "Article",
    "ArticleResult",
    "Entity",
    "Figure",
    "RunLockedError",
    "RunSummary",
    "Settings",
    "__version__",
    "run_batch",
]
