#!/bin/bash
# Run by the deployment script in staticWebsite.bicep, signed in as its user-assigned identity.
# Enables the static website of $STORAGE_ACCOUNT with Entra ID auth (the account allows no shared keys).
set -euo pipefail

: "${STORAGE_ACCOUNT:?}" "${INDEX_DOCUMENT:?}" "${ERROR_DOCUMENT_404:?}"

# A role assignment made in the same deployment can take a few minutes to reach the storage service: until then
# the call fails with 403, so it is retried rather than failing the deployment.
for attempt in $(seq 1 30); do
  if az storage blob service-properties update \
    --account-name "$STORAGE_ACCOUNT" \
    --auth-mode login \
    --static-website true \
    --index-document "$INDEX_DOCUMENT" \
    --404-document "$ERROR_DOCUMENT_404" \
    --output none; then
    echo "Static website enabled on $STORAGE_ACCOUNT (attempt $attempt)."
    exit 0
  fi
  echo "Attempt $attempt failed; waiting for the role assignment to propagate." >&2
  sleep 10
done

echo "Could not enable the static website on $STORAGE_ACCOUNT." >&2
exit 1
