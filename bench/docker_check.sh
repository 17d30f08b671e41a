#!/usr/bin/env bash
# `make docker-check`: start the built image and check what docs/deploy.md promises — health endpoint, Docker's
# own HEALTHCHECK, non-root user, read-only database, a page served. Prints what it saw; exits non-zero on a miss.
set -euo pipefail
IMAGE=${1:-maillage:local}
PORT=${2:-18501}
NAME=maillage-check-$$
fail() { echo "ÉCHEC : $*" >&2; docker logs "$NAME" 2>&1 | tail -20 >&2; exit 1; }
trap 'docker rm -f "$NAME" >/dev/null 2>&1 || true' EXIT

docker run -d --name "$NAME" -p "127.0.0.1:$PORT:8501" "$IMAGE" >/dev/null
start=$(date +%s)
until curl -fsS "http://127.0.0.1:$PORT/_stcore/health" >/dev/null 2>&1; do
  (( $(date +%s) - start < 90 )) || fail "/_stcore/health ne répond pas après 90 s"
  sleep 1
done
echo "santé : /_stcore/health répond 200 après $(( $(date +%s) - start )) s"
uid=$(docker exec "$NAME" id -u)
[[ "$uid" != 0 ]] || fail "le conteneur tourne en root"
echo "utilisateur : $(docker exec "$NAME" id -un) (uid $uid)"
docker exec "$NAME" sh -c 'test ! -w "$MAILLAGE_DB"' || fail "la base est modifiable par l'utilisateur de l'application"
echo "base : $(docker exec "$NAME" sh -c 'ls -l "$MAILLAGE_DB"') (lecture seule)"
# The page is read whole before grep looks at it: `curl | grep -q` fails under pipefail when grep stops early.
home=$(curl -fsS "http://127.0.0.1:$PORT/") && grep -q "<title>" <<<"$home" || fail "la page d'accueil n'est pas servie"
echo "page d'accueil : servie"
until [[ "$(docker inspect --format '{{.State.Health.Status}}' "$NAME")" == healthy ]]; do
  (( $(date +%s) - start < 120 )) || fail "HEALTHCHECK de Docker pas « healthy » après 120 s"
  sleep 2
done
echo "HEALTHCHECK Docker : healthy après $(( $(date +%s) - start )) s"
echo "mémoire au repos : $(docker stats --no-stream --format '{{.MemUsage}}' "$NAME")"
echo "image : $IMAGE, $(docker image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f Mo", $1/1e6}')"
