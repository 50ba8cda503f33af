#!/usr/bin/env bash
# The architecture, checked: every room's #include lines name only itself and the rooms
# its uses_<room> line in the Makefile allows (an upward arrow fails here even when no
# function is called, where the linker would not see it); the path engine's internal
# header is included only inside analyzer/clang/paths/, and every symbol its objects
# export carries the room's prefix (paths_ or clang_paths_); the core includes nothing of
# ours. Reads the Makefile and the sources; needs the objects of a build for the symbols.
set -u
source "$(dirname "$0")/lib.sh"

layers=$(sed -n 's/^LAYERS[[:space:]]*:=[[:space:]]*//p' Makefile)
[ -n "$layers" ] && ok "Makefile lists the layers: $layers" || not_ok "no LAYERS line in the Makefile"

room_dir() { sed -n "s/^dir_$1[[:space:]]*:=[[:space:]]*\([^ #]*\).*/\1/p" Makefile; }
room_uses() { sed -n "s/^uses_$1[[:space:]]*:=[[:space:]]*\([^#]*\).*/\1/p" Makefile; }
header_room() { # analyzer/clang/x.h -> clang, slm/x.h -> slm
  case $1 in analyzer/*) echo "$1" | cut -d/ -f2 ;; *) echo "$1" | cut -d/ -f1 ;; esac
}

for room in $layers; do
  dir=$(room_dir "$room")
  [ -n "$dir" ] || { not_ok "room $room has no dir_$room line"; continue; }
  [ -d "$dir" ] || { ok "room $room ($dir) has no code yet"; continue; }
  allowed=" $room $(room_uses "$room") "
  bad=""
  while IFS= read -r line; do
    file=${line%%:*}; header=${line#*:}
    r=$(header_room "$header")
    case " $layers " in *" $r "*) ;; *) continue ;; esac   # not one of our rooms (system, tests)
    case "$allowed" in *" $r "*) ;; *) bad+=" $file->$header" ;; esac
  done < <(grep -rHoE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]+"' "$dir" --include='*.c' --include='*.h' |
           sed -E 's/:[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)"/:\1/')
  if [ -z "$bad" ]; then ok "room $room includes only$allowed"
  else not_ok "room $room reaches outside its uses:$bad"; fi
done

# the sources: what git tracks, or (outside a checkout) every .c/.h but build output
sources() {
  git ls-files -co --exclude-standard -- '*.c' '*.h' 2>/dev/null ||
    find . -path './build*' -prune -o \( -name '*.c' -o -name '*.h' \) -print | sed 's|^\./||'
}
outside=$(sources | grep -v '^analyzer/clang/paths/' |
          xargs grep -lE '#include "analyzer/clang/paths/clang_paths_int.h"' 2>/dev/null || true)
[ -z "$outside" ] && ok "the path engine's internal header is included only inside analyzer/clang/paths/" \
                  || not_ok "clang_paths_int.h included from outside the path engine: $outside"

objs=$(ls "$BUILD"/obj/analyzer/clang/paths/*.o 2>/dev/null)
if [ -z "$objs" ]; then
  skip "path engine symbols carry the room prefix" "no objects in $BUILD/obj/analyzer/clang/paths (build first)"
else
  unprefixed=$(nm --defined-only $objs | awk 'NF == 3 && $2 ~ /[TDBR]/ {print $3}' | grep -vE '^(paths_|clang_paths_)' | sort -u | tr '\n' ' ')
  [ -z "$unprefixed" ] && ok "every symbol the path engine exports starts with paths_ or clang_paths_" \
                       || not_ok "path engine symbols without the room prefix: $unprefixed"
fi
