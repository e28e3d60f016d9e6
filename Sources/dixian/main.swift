import DixianCLI

DixianMain.run()
