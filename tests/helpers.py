from django.utils.translation import gettext


def vietnamese(msgid: str, **params) -> str:
    """The message a user reads, checked to be translated (not the English source)."""
    text = gettext(msgid)
    assert text != msgid, f"no Vietnamese translation for {msgid!r}"
    return text % params if params else text


def password_confirmed(client) -> None:
    """As if the logged-in user had just confirmed their password (kernel/reauth.py)."""
    import time

    session = client.session
    session["reauth_at"] = time.time()
    session.save()


def edit_version(client, url: str) -> str:
    """The hidden version field of an edit page, as opening it gives it (kernel/edit_versions.py): a test that
    posts an edit form sends it back, as the browser does."""
    import re

    page = client.get(url).content.decode()
    found = re.search(r'name="version" value="([^"]+)"', page)
    assert found, f"no version field on {url}"
    return found[1]


def at_the_same_moment(work, items) -> list:
    """Runs work(item) for every item, each in its own thread with its own database connection, all released at
    once by a barrier; returns what each returned, and fails the test with the errors raised."""
    import threading

    from django.db import connection

    start = threading.Barrier(len(items))
    results, errors = [], []

    def run(item):
        try:
            start.wait()
            results.append(work(item))
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results
