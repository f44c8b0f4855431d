"""A failed step's cause on one line, in the run's log (the UI's event list shows it first)."""

from collections.abc import Iterator
from contextlib import contextmanager


def one_line(exc: BaseException) -> str:
    """'RuntimeError: NLP step failed on ... <- IOException: ...': the error and its root cause, first lines only."""
    def first(e: BaseException) -> str:
        text = next((line.strip() for line in str(e).splitlines() if line.strip()), "")
        return f"{type(e).__name__}: {text}"

    root = exc
    while root.__cause__ is not None or (root.__context__ is not None and not root.__suppress_context__):
        root = root.__cause__ or root.__context__
    return first(exc) if root is exc else f"{first(exc)} <- {first(root)}"


@contextmanager
def cause_logged(context, step: str) -> Iterator[None]:
    """Log the one-line cause of an exception leaving the block, then re-raise it."""
    try:
        yield
    except Exception as exc:
        context.log.error(f"{step} failed: {one_line(exc)}")
        raise
