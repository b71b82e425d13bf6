// Loaded in <head> without defer, so it runs before the first paint. The server renders the theme from the
// bp-theme cookie (the user's choice) or else bp-os-theme (the OS preference this script last saw), so a
// reload never flashes light first; the circuit compares with current() after its first render.
(function () {
    var year = '; path=/; max-age=31536000; samesite=lax';
    var os = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    document.cookie = 'bp-os-theme=' + os + year;
    var chosen = (document.cookie.match(/(?:^|; )bp-theme=(dark|light)/) || [])[1];
    document.documentElement.dataset.theme = chosen || os;
    window.bridgePortalTheme = {
        current: function () { return document.documentElement.dataset.theme; },
        remember: function (mode) {
            document.cookie = 'bp-theme=' + mode + year;
            document.documentElement.dataset.theme = mode;
        },
    };
})();
