"""The tenant's profile and the named presets (``docs/api.md``, "Memory")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from kapex.api.deps import CallerDep, ServicesDep, json_body
from kapex.schemas.profile import Profile, ProfileUpdate
from kapex.services.profiles import profile_of

router = APIRouter()


@router.get("/profile")
def get_profile(caller: CallerDep) -> Profile:
    return profile_of(caller.tenant)


@router.put("/profile")
def put_profile(
    caller: CallerDep,
    body: Annotated[ProfileUpdate, Depends(json_body(ProfileUpdate))],
    services: ServicesDep,
) -> Profile:
    return services.profiles.update(caller.tenant, body.model_dump(exclude_none=True))


@router.get("/profile/presets")
def presets(_caller: CallerDep, services: ServicesDep) -> dict[str, Any]:
    return services.profiles.presets()
