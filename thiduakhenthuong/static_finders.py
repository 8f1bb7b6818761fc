"""Where collectstatic looks for static files: Django's finders, without the Bootstrap builds the portal never
links (RTL, grid, reboot, utilities, ESM and unminified files: 40 of XStatic-Bootstrap's 44 files, 8 MB), which it
would otherwise hash and compress with gzip and brotli at every release (25 s instead of 9 s on the project
machine). base.html links bootstrap.min.css and bootstrap.bundle.min.js, whose source maps stay (the files name
them). A finder rather than a StaticFilesConfig subclass: tools (pytest-django's live server among them) look for
"django.contrib.staticfiles" itself in INSTALLED_APPS."""

from django.contrib.staticfiles.finders import FileSystemFinder

UNUSED_BOOTSTRAP = [
    "bootstrap-*",
    "bootstrap.rtl.*",
    "bootstrap.esm.*",
    "bootstrap.css",
    "bootstrap.css.map",
    "bootstrap.js",
    "bootstrap.js.map",
    "bootstrap.min.js",
    "bootstrap.min.js.map",
    "bootstrap.bundle.js",
    "bootstrap.bundle.js.map",
]


class PortalFileSystemFinder(FileSystemFinder):
    """STATICFILES_DIRS, listed for collectstatic without the unused Bootstrap builds (found all the same)."""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *UNUSED_BOOTSTRAP])
