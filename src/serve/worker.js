// studybook serve: one reload stream shared by every open tab of the site. Browsers allow only
// six connections per host, so a stream per tab would starve page loads once a few tabs are open.
"use strict";
const ports = new Set();
let last = null;
const source = new EventSource("/__studybook/events");
source.onmessage = (event) => {
  last = event.data;
  for (const port of ports) port.postMessage(event.data);
};
self.onconnect = (event) => {
  const port = event.ports[0];
  ports.add(port);
  port.onmessage = (message) => {
    if (message.data === "bye") ports.delete(port);
  };
  if (last !== null) port.postMessage(last);
};
