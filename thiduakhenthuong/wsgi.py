import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakhenthuong.settings")
application = get_wsgi_application()

from thiduakhenthuong.warmup import process_warm_up  # noqa: E402  (after Django is set up)

process_warm_up()
# The loaded portal (about 160,000 objects) lives as long as the process: kept out of every later collection. A full
# collection in a worker traversed them all (50–115 ms, landing in some requests), and touching their counts
# copied the pages gunicorn's forked workers otherwise share with the arbiter (Python's gc.freeze advice).
gc.collect()
gc.freeze()
