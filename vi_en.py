"""vi-en: the command line, run as `python vi_en.py` or as the `vi-en` console script.

The commands live in vi_en_cli.py. Python compiles a script it is given afresh on every run but keeps
a module's compiled bytecode, and compiling the 550 lines of the command line cost `python vi_en.py`
a sixth of its start-up (~30 M instructions on a one-entry check).
"""

import gc

# Loading Typer, Click and the commands makes some hundred thousand objects that live as long as the
# process; the cyclic collector would walk them over and over while they are made (main freezes them).
_collecting = gc.isenabled()
gc.disable()
try:
    from vi_en_cli import EXIT_INTERNAL_ERROR, app, main
finally:
    if _collecting:
        gc.enable()

__all__ = ["EXIT_INTERNAL_ERROR", "app", "main"]

if __name__ == "__main__":
    main()
