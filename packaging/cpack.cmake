# The Debian package, built by CPack from this project's install rules: `cpack --config build/CPackConfig.cmake`
# (or `cmake --build build --target package`) writes build/packages/schedc_<version>_<arch>.deb.
#
# It installs under /usr: bin/schedc, share/schedc/stdlib/ (which the binary finds beside its own bin directory,
# without environment variables), the man page, the bash and zsh completions and share/doc/schedc/. Its dependencies
# are the Debian runtime packages of the shared libraries the binary links (found by dpkg-shlibdeps) and tzdata,
# whose zone files schedc reads at run time; no -dev package and no compiler. Included from the top-level
# CMakeLists.txt after every install rule.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME schedc)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "compiler of ML model schedules to Azure Data Factory and Databricks")
# Debian's extended description: lines of at most 80 columns (CPack indents each by one space).
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "schedc compiles .sched files, short declarative descriptions of when and how"
  "a machine-learning model runs, into deployable Azure Data Factory content"
  "(pipelines, schedule triggers, linked services and datasets in ADF's git"
  "layout), an ARM template with a parameter file per environment, and"
  "Databricks jobs and asset bundles. It checks all files together first, proves"
  "that each target fires exactly when the schedule says (DST included), and"
  "explains every mistake with its location, a stable code and a hint.")
set(CPACK_PACKAGE_CONTACT "${SCHEDC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SCHEDC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # schedc_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata")
if(SCHEDC_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SCHEDC_HOMEPAGE}")
endif()
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_OUTPUT_CONFIG_FILE ${PROJECT_BINARY_DIR}/CPackConfig.cmake)
set(CPACK_SOURCE_OUTPUT_CONFIG_FILE ${PROJECT_BINARY_DIR}/CPackSourceConfig.cmake)
include(CPack)
