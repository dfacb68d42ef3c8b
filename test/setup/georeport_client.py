"""Drives PyPI's `georeport` client (a GeoReport v2 client) against our /open311/v2 endpoint.

Usage: georeport_client.py <root_address> <json|xml> <service_code> <service_request_id>
Prints one JSON object with what the client read: the services, one service definition, the
requests of that service, and one request.
"""
import json
import sys

from georeport import GeoReport

root, fmt, code, request_id = sys.argv[1:5]
client = GeoReport(root, output_format=fmt)
out = {
    "services": client.get_service_list(),
    "definition": client.get_service_definition(code),
    "requests": client.get_service_requests(service_code=code, status="open"),
    "by_id": client.get_service_requests(service_request_id=request_id),
    "request": client.get_service_request(request_id),
}
print(json.dumps(out, ensure_ascii=False))
