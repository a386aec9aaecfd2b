"""Names of the headers followupd writes into its drafts, in one place.

The token header identifies our drafts (reconcile, Sent matching, ``understand`` classifying our
own drafts as ``Kind.OUR_DRAFT``); the stage header says which stage a draft is. Header names are
case-insensitive (RFC 5322 section 1.2.2); these are the spellings we write.
"""

from __future__ import annotations

TOKEN_HEADER = "X-Followupd-Token"  # noqa: S105 - a header name, not a secret
STAGE_HEADER = "X-Followupd-Stage"
