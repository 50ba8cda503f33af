;;; assay-flymake.el --- Flymake backend for the assay C linter  -*- lexical-binding: t; -*-

;; Lints the current buffer as it is, saved or not: the buffer's text goes to
;; `assay --stdin-filename=FILE -', which reports it as FILE (its compile command and
;; rules apply), and each gcc-style line becomes a Flymake diagnostic.
;;
;; Usage:
;;   (load "/path/to/assay/docs/editors/emacs/assay-flymake.el")
;;   (add-hook 'c-mode-hook #'assay-flymake-setup)

;;; Code:

(require 'flymake)
(require 'cl-lib)

(defgroup assay-flymake nil "Flymake backend for assay." :group 'flymake)

(defcustom assay-flymake-command '("assay" "--no-color" "--fail-on=none")
  "The assay command and its options; the backend appends --stdin-filename and -."
  :type '(repeat string))

(defvar-local assay-flymake--process nil)

(defconst assay-flymake--line-regexp
  "^\\(.+?\\):\\([0-9]+\\):\\([0-9]+\\): \\(error\\|warning\\|note\\): \\(.*\\)$"
  "One gcc-style diagnostic line of assay: file, line, column, kind, message.")

(defun assay-flymake--diagnostics (source output)
  "Flymake diagnostics in SOURCE for assay's OUTPUT text."
  (let (diags)
    (with-temp-buffer
      (insert output)
      (goto-char (point-min))
      (while (re-search-forward assay-flymake--line-regexp nil t)
        (let* ((line (string-to-number (match-string 2)))
               (col (string-to-number (match-string 3)))
               (kind (match-string 4))
               (msg (match-string 5))
               (region (flymake-diag-region source line col)))
          (when region
            (push (flymake-make-diagnostic
                   source (car region) (cdr region)
                   (pcase kind ("error" :error) ("warning" :warning) (_ :note))
                   msg)
                  diags)))))
    (nreverse diags)))

(defun assay-flymake (report-fn &rest _args)
  "Flymake backend: run assay on the buffer's text and call REPORT-FN."
  (unless (executable-find (car assay-flymake-command))
    (error "Cannot find the assay program %s" (car assay-flymake-command)))
  (when (process-live-p assay-flymake--process)
    (kill-process assay-flymake--process))
  (let* ((source (current-buffer))
         (name (or (buffer-file-name) (buffer-name)))
         (default-directory (if (buffer-file-name)
                                (file-name-directory (buffer-file-name))
                              default-directory)))
    (save-restriction
      (widen)
      (setq assay-flymake--process
            (make-process
             :name "assay-flymake" :noquery t :connection-type 'pipe
             :buffer (generate-new-buffer " *assay-flymake*")
             :command (append assay-flymake-command
                              (list (concat "--stdin-filename="
                                            (file-name-nondirectory name))
                                    "-"))
             :sentinel
             (lambda (proc _event)
               (when (memq (process-status proc) '(exit signal))
                 (unwind-protect
                     (if (with-current-buffer source (eq proc assay-flymake--process))
                         (let ((output (with-current-buffer (process-buffer proc)
                                         (buffer-string))))
                           (if (memq (process-exit-status proc) '(0 1))
                               (funcall report-fn (assay-flymake--diagnostics source output))
                             (funcall report-fn :panic
                                      :explanation (format "assay exited with status %d: %s"
                                                           (process-exit-status proc)
                                                           output))))
                       (flymake-log :warning "Canceling obsolete check %s" proc))
                   (kill-buffer (process-buffer proc)))))))
      (process-send-region assay-flymake--process (point-min) (point-max))
      (process-send-eof assay-flymake--process))))

;;;###autoload
(defun assay-flymake-setup ()
  "Use assay as a Flymake backend in this buffer and turn Flymake on."
  (add-hook 'flymake-diagnostic-functions #'assay-flymake nil t)
  (flymake-mode 1))

(provide 'assay-flymake)
;;; assay-flymake.el ends here
