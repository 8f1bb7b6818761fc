import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakhenthuong.settings")
application = get_wsgi_application()

from thiduakhenthuong.warmup import process_warm_up  # noqa: E402  (after Django is set up)

process_warm_up()
