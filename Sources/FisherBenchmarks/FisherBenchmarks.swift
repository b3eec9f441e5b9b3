@_exported import Fisher
