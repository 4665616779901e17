/* Briefing pack links (exports/controls.py) fetched by the page, so that a pack the
 * server cannot start yet waits its turn in the browser, with a sentence saying so,
 * instead of holding a server thread or failing as a broken download. The server
 * makes a few packs at a time per machine (exports/export_slots.py) and answers the
 * others 503 with Retry-After. Without script the links still download directly. */
(function () {
    const MAX_WAITS = 20;  // about five minutes at the server's 15 s: then the user is told

    function statusOf(link) {
        const pack = link.closest(".briefing-pack");
        let status = pack && pack.querySelector(".pack-queue-status");
        if (pack && !status) {
            status = document.createElement("p");
            status.className = "pack-queue-status small mb-0";
            status.setAttribute("role", "status");
            pack.appendChild(status);
        }
        return status || { textContent: "" };
    }

    function filename(response) {
        const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
        return match ? match[1] : "briefing-pack";
    }

    function save(blob, name) {
        const address = URL.createObjectURL(blob);
        const link = document.createElement("a");
        link.href = address;
        link.download = name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(address); }, 60000);
    }

    async function download(link, href) {
        const status = statusOf(link);
        link.setAttribute("aria-busy", "true");
        try {
            for (let wait = 0; wait <= MAX_WAITS; wait += 1) {
                const response = await fetch(href, { credentials: "same-origin" });
                if (response.ok) {
                    save(await response.blob(), filename(response));
                    status.textContent = "The briefing pack has downloaded: " + filename(response) + ".";
                    return;
                }
                const sentence = (await response.text()).trim();
                if (response.status !== 503 || wait === MAX_WAITS) {
                    status.textContent = sentence || "The briefing pack could not be made.";
                    return;
                }
                const seconds = Math.max(1, parseInt(response.headers.get("Retry-After") || "15", 10));
                status.textContent = sentence.replace(/ Try again in about \d+ seconds\.$/, "") +
                    " Yours is waiting its turn and starts by itself within about " + seconds +
                    " seconds: keep this page open.";
                await new Promise(function (resolve) { setTimeout(resolve, seconds * 1000); });
            }
        } catch (error) {
            status.textContent = "The briefing pack could not be downloaded: the server did not answer.";
        } finally {
            link.removeAttribute("aria-busy");
        }
    }

    document.addEventListener("click", function (event) {
        const link = event.target.closest && event.target.closest(".briefing-pack a[href][download]");
        if (!link || link.getAttribute("aria-busy") === "true" || event.defaultPrevented) { return; }
        event.preventDefault();
        download(link, link.getAttribute("href"));
    });
})();
