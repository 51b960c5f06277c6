# Parley in one container. With DATABASE_URL it uses that Postgres; without it,
# the embedded database lives in /data (mount a volume there to keep it).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY widget/package.json widget/
RUN npm install
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data
# Two malloc arenas instead of one per thread: V8's compiler threads otherwise leave ~30 MB of freed
# memory resident in arenas of their own (decision 0010).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The server bundle, the web app and the widget were built above; this is what `npm start` runs,
# with the same V8 flags (package.json).
CMD ["node", "--max-semi-space-size=64", "--v8-pool-size=1", "build/app/production.mjs"]
