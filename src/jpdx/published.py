"""Published releases and the sha256 of their manifests: the trust root of the bundled data.

A manifest holds the sha256 of every table file of its release, so each pin fixes every
byte of that release; the publication dates are pinned too, so ``index.json`` cannot
re-date a release. Written by ``python -m release_builder publish``; never edited by hand,
and an entry never changes once made (corrections go into a new release).
"""

PUBLISHED: dict[str, str] = {
    "2026.11.0": "a4dc99c1036aea8058bdb1f312424c710b1781c31fb77cb804ee9d63a0cea2c0",
    "2026.12.0": "a48b5793c5f9e4f80bdeb3058a085805070fd8d0b8e6c85443d6aca2a028bb77",
    "2026.12.1": "902c06c3c8052bede3b4ba4a8cf63f2240108a04dc8155f90602da6d6adb041c",
    "2026.12.2": "354b1433c8615354c80ed03ca7930c5e604d9ae13f0790b9ce5c9a7605fad92f",
}
PUBLISHED_ON: dict[str, str] = {
    "2026.11.0": "2026-11-23",
    "2026.12.0": "2026-12-02",
    "2026.12.1": "2026-12-02",
    "2026.12.2": "2026-12-03",
}
