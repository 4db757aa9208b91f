#!/usr/bin/env bash
# A self-signed certificate for trying deploy/compose.yaml on this machine (localhost only).
# Production: put your real certificate and key in deploy/certs/tls.crt and tls.key instead.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p certs
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout certs/tls.key -out certs/tls.crt
echo "wrote deploy/certs/tls.crt and deploy/certs/tls.key"
