"""The dashboard as a WSGI application, for a production server:

    gunicorn --config gunicorn.conf.py wsgi:server     (what ./run.sh runs)

`python app.py` stays the development server.
"""

from app import create_app

server = create_app().server
