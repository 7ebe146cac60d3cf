"""``request.cf``: Cloudflare's per-request properties, typed."""

from __future__ import annotations

from typing import Any

import attrs

from cloudflarefs.core import WIRE_NAME, extra_field, structure
from cloudflarefs.core.js import from_js


def _wire(name: str) -> Any:
    return attrs.field(default=None, metadata={WIRE_NAME: name})


@attrs.frozen(kw_only=True)
class BotManagement:
    """Bot management signals (Enterprise plans only)."""

    score: int | None = None
    verified_bot: bool | None = _wire("verifiedBot")
    corporate_proxy: bool | None = _wire("corporateProxy")
    static_resource: bool | None = _wire("staticResource")
    detection_ids: list[int] | None = _wire("detectionIds")
    ja3_hash: str | None = _wire("ja3Hash")
    ja4: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class IncomingRequestCf:
    """``request.cf`` of an incoming request. Every field is optional; unknown keys land in
    :attr:`extra` so nothing Cloudflare adds later is lost.

    Build it with :meth:`from_request` (a ``workers.Request`` or JS ``Request``) or
    :meth:`from_js` (the ``cf`` object itself).
    """

    colo: str | None = None
    """IATA code of the data center that received the request (``"SFO"``)."""
    asn: int | None = None
    as_organization: str | None = _wire("asOrganization")
    country: str | None = None
    """ISO 3166-1 alpha-2 country code (``"T1"`` for Tor)."""
    is_eu_country: str | None = _wire("isEUCountry")
    """``"1"`` when the country is in the EU (Cloudflare sends a string)."""
    continent: str | None = None
    city: str | None = None
    postal_code: str | None = _wire("postalCode")
    latitude: str | None = None
    longitude: str | None = None
    timezone: str | None = None
    region: str | None = None
    region_code: str | None = _wire("regionCode")
    metro_code: str | None = _wire("metroCode")
    http_protocol: str | None = _wire("httpProtocol")
    """``"HTTP/1.1"``, ``"HTTP/2"``, ``"HTTP/3"``..."""
    tls_version: str | None = _wire("tlsVersion")
    tls_cipher: str | None = _wire("tlsCipher")
    client_tcp_rtt: int | None = _wire("clientTcpRtt")
    client_accept_encoding: str | None = _wire("clientAcceptEncoding")
    request_priority: str | None = _wire("requestPriority")
    edge_request_keep_alive_status: int | None = _wire("edgeRequestKeepAliveStatus")
    tls_client_auth: dict[str, Any] | None = _wire("tlsClientAuth")
    tls_exported_authenticator: dict[str, Any] | None = _wire("tlsExportedAuthenticator")
    bot_management: BotManagement | None = _wire("botManagement")
    client_trust_score: int | None = _wire("clientTrustScore")
    host_metadata: Any = _wire("hostMetadata")
    extra: dict[str, Any] = extra_field()
    """Keys this class does not declare, unchanged."""

    @classmethod
    def from_js(cls, cf: Any) -> IncomingRequestCf:
        """Structure a JS ``cf`` object (or a dict); ``None``/undefined gives an empty instance."""
        data = from_js(cf, objects="all")
        if data is None:
            return cls()
        return structure(data, cls)

    @classmethod
    def from_request(cls, request: Any) -> IncomingRequestCf:
        """``request.cf`` of a ``workers.Request`` (its ``js_object``) or a JS ``Request``."""
        js_request = getattr(request, "js_object", request)
        return cls.from_js(getattr(js_request, "cf", None))
