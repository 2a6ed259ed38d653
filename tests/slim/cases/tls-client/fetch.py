"""Fetch a page over HTTPS, verifying the server with the system's CA store."""

import sys
import urllib.request

url = sys.argv[1] if len(sys.argv) > 1 else "https://127.0.0.1:8443/"
print(urllib.request.urlopen(url, timeout=10).read().decode().strip())
