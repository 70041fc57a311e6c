-- POST an anonymous complaint; each is acknowledged only once it is on disk.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"category":"antisemitism","description":"At the branch meeting on 1 March he said Jews control the media.",' ..
           '"occurred_on":"2026-03-01","anonymous":true,"respondents":[{"name":"Jon Smith"}]}'
