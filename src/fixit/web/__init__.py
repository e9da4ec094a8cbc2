"""`fixit serve`: the counter and the morning agenda in a browser, for a tablet at the counter and
the owner's phone.

A thin layer like the commands: it reads a form, calls the same domain functions and validators as
the CLI on the same store, and renders a page. Imported only when `fixit serve` runs (Starlette,
uvicorn, argon2 and Jinja2 are never loaded by the counter's commands).
"""
