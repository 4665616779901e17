"""The dashboard as a WSGI application, for a production server:

    gunicorn --config gunicorn.conf.py wsgi:server     (what ./run.sh runs)

`python app.py` stays the development server.
"""

from app import create_app, finish_setting_up

_app = create_app()
finish_setting_up(_app)  # in the master, before the workers fork (preload_app)
server = _app.server
