# NetLibConfig.cmake — what find_package(NetLib) loads: the imported
# target NetLib::netlib, which links Pinion::runtime, so Pinion is found
# first.  netlib.h and pinion_frames/netlib.frames.h are on its include
# path: a target linking it and transformed with pinion_target_sources()
# can await nl_session() and the other async functions of netlib.h.
include(CMakeFindDependencyMacro)
find_dependency(Pinion)

include("${CMAKE_CURRENT_LIST_DIR}/NetLibTargets.cmake")
