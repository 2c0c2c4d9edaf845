import sys

from .cli import main

if __name__ == "__main__":  # not when a worker process (camnang serve's search index) imports it
    sys.exit(main())
