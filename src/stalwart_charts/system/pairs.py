"""Example pairs: `helm/base/examples/<name>.yaml` and
`helm/platform/examples/<name>.yaml` are installed together (same namespace,
the base release named as the platform's `base.release` says). The system
tests render each pair and check the links of stalwart_charts.system.contract over it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chartkit.rendering.render import Obj, render, values_with
from chartkit.validation.invariants import all_errors
from stalwart_charts.charts import BASE, NAMESPACE, PLATFORM, PLATFORM_RELEASE
from stalwart_charts.platform.apis import ALL_APIS
from stalwart_charts.system.bundle import Bundle
from stalwart_charts.system.contract_admin import add_hand_made_admin


def pair_names() -> list[str]:
    """Stems with an example in both charts."""
    return sorted(set(BASE.examples()) & set(PLATFORM.examples()))


@dataclass
class Pair:
    base_values: dict[str, Any]
    platform_values: dict[str, Any]

    @classmethod
    def example(cls, name: str) -> Pair:
        return cls(BASE.examples()[name], PLATFORM.examples()[name])

    def with_changes(self, base: dict[str, Any] | None = None, platform: dict[str, Any] | None = None) -> Pair:
        """A copy with values overlaid on either side (a broken link, on purpose)."""
        return Pair(values_with(self.base_values, base or {}), values_with(self.platform_values, platform or {}))

    @property
    def base_release(self) -> str:
        return (self.platform_values.get("base") or {}).get("release", "stalwart")

    def render(self, helm: str, kube_version: str) -> tuple[list[Obj], list[Obj]]:
        base = render(self.base_values, helm=helm, kube_version=kube_version, release=self.base_release)
        platform = render(self.platform_values, helm=helm, kube_version=kube_version, chart="platform",
                          release=PLATFORM_RELEASE, api_versions=ALL_APIS)
        return base, platform

    def validation_errors(self, helm: str, kube_version: str) -> list[str]:
        """Each chart's own checks (schemas, CRDs, API rules, invariants) over its half."""
        base, platform = self.render(helm, kube_version)
        return (all_errors(base, kube_version, self.base_release, NAMESPACE, "base")
                + all_errors(platform, kube_version, PLATFORM_RELEASE, NAMESPACE, "platform"))

    def bundle(self, helm: str, kube_version: str) -> Bundle:
        base, platform = self.render(helm, kube_version)
        bundle = Bundle.of(base, platform, self.platform_values)
        add_hand_made_admin(bundle, self.base_values)
        return bundle
