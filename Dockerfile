# syntax=docker/dockerfile:1
# The schedc container image: schedc as the entry point, run by a non-root user, on debian:12-slim with the
# Debian package installed. The package is built here from the sources, by the same CPack rules as everywhere.
#
#   docker build -t schedc .                                      the image
#   docker build --target deb --output type=local,dest=dist .     only the package: dist/schedc_<version>_amd64.deb
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" schedc check schedules
#
# The image's version is the package's: `docker run --rm schedc --version`. tests/package/chroot.sh installs the
# same package into the same kind of root file system (Debian 12 minbase) and creates the same user, so
# `.ci/test` checks what this recipe builds short of a container engine.

# --- build: Debian 12 with the build dependencies of .ci/install-deps ------------------------------------------
FROM debian:12 AS build
COPY .ci/install-deps /src/.ci/install-deps
RUN /src/.ci/install-deps build && rm -rf /var/lib/apt/lists/*
COPY . /src
WORKDIR /src
# CLDR's Windows zones (npm ci of compiler/schedule/tz/cldr, pinned by its lock file): read by the build.
RUN .ci/install-deps build
# Optional: the package's maintainer ("NAME <EMAIL>") and the project's home page (SARIF links, package Homepage).
ARG SCHEDC_PACKAGE_MAINTAINER=
ARG SCHEDC_HOMEPAGE=
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DSCHEDC_BUILD_TESTS=OFF \
      ${SCHEDC_PACKAGE_MAINTAINER:+"-DSCHEDC_PACKAGE_MAINTAINER=$SCHEDC_PACKAGE_MAINTAINER"} \
      ${SCHEDC_HOMEPAGE:+"-DSCHEDC_HOMEPAGE=$SCHEDC_HOMEPAGE"} \
 && cmake --build /build -j"$(nproc)" \
 && cd /build && cpack --config CPackConfig.cmake \
 && mkdir /dist && cp /build/packages/schedc_*.deb /dist/

# --- deb: only the package (docker build --target deb --output ...) ----------------------------------------------
FROM scratch AS deb
COPY --from=build /dist/ /

# --- the image -----------------------------------------------------------------------------------------------
FROM debian:12-slim
COPY --from=build /dist/ /tmp/dist/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/dist/schedc_*.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/dist \
 && useradd --uid 10001 --user-group --no-create-home --home-dir /work --shell /usr/sbin/nologin schedc \
 && mkdir /work && chown schedc:schedc /work \
 && schedc --version
LABEL org.opencontainers.image.title="schedc" \
      org.opencontainers.image.description="Compiles .sched model schedules into Azure Data Factory, ARM and Databricks definitions"
USER schedc
WORKDIR /work
ENTRYPOINT ["schedc"]
CMD ["--help"]
