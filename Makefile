# docket: two commands on a fresh Debian 12 machine, as root.
#   make run    installs what is missing, builds, creates a demo database, shows it
#   make test   builds and runs every test
BUILD   ?= build
DB      ?= var/docket.db
JOBS    ?= $(shell nproc)
WERROR  ?= OFF
CMAKE_FLAGS ?=

.PHONY: all deps configure build web run test bench clean

all: build

deps:
	@scripts/setup-deps

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCKET_WERROR=$(WERROR) $(CMAKE_FLAGS) > $(BUILD).configure.log 2>&1 \
	  || { cat $(BUILD).configure.log; exit 1; }

build: configure web
	cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

# The web app (web/): `npm ci` when node_modules is missing or older than the
# lock file, then a Vite build into web/dist whenever a source changed.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/package.json web/tsconfig.json web/vite.config.ts

web: deps web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

run: build
	@if [ ! -f $(DB) ]; then ./$(BUILD)/docket demo --db $(DB); fi
	./$(BUILD)/docket case list --db $(DB) --limit 10
	./$(BUILD)/docket serve --db $(DB) --listen 127.0.0.1:8080 --web web/dist

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD).configure.log web/dist
