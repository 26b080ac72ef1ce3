"""Reading the warnings' links off a page and following them, as a user clicking one does."""

import re


def links(html, key):
    """The hrefs of the warnings ``key`` a page lists (a step page's checklist, the alerts list)."""
    rows = re.findall(rf'<(?:li|tr) data-alert="{key}">(.*?)</(?:li|tr)>', html, re.S)
    return [re.search(r'<a href="([^"]+)"', row).group(1) for row in rows]


def follow(client, href) -> str:
    """Opens the link; the page must render the element its fragment names. Returns the page."""
    address, _hash, anchor = href.partition("#")
    response = client.get(address)
    assert response.status_code == 200, href
    html = response.content.decode()
    assert f'id="{anchor}"' in html, f"#{anchor} is not on {address}"
    return html
