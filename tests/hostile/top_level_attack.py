"""An attack at import time, before plot() is ever called."""  # runtime: blocked
# ruff: noqa
import os

os.system("touch /tmp/lida_hostile_top_level")
